-- ARGV: chunkId, expected lease ("token|worker"), delayMs. The attempt stays used.
local gate = job_gate()
if gate ~= OK then return gate end
local cid, expected = ARGV[1], ARGV[2]
if redis.call('HGET', K_LEASES, cid) ~= expected then return LOST end
redis.call('HDEL', K_LEASES, cid)
unqueue(cid)
-- The entry stays pending in the group (so the backlog stays visible) until the due time passes.
redis.call('ZADD', K_DUE, server_now() + tonumber(ARGV[3]), token_entry(expected))
return OK
