-- ARGV: chunkId, expected lease ("token|worker"), n, then start, count, payload per part.
-- The parent is acknowledged and its parts appended with fresh attempts, in one step; they inherit its lost mark.
local gate = job_gate()
if gate ~= OK then return gate end
local cid, expected = ARGV[1], ARGV[2]
if redis.call('HGET', K_LEASES, cid) ~= expected then return LOST end
local eid = token_entry(expected)
redis.call('XACK', K_STREAM, GROUP, eid)
redis.call('XDEL', K_STREAM, eid)
redis.call('HDEL', K_LEASES, cid)
unqueue(cid)
redis.call('HSET', K_CHUNKS, cid, 'S')
redis.call('HINCRBY', K_META, 'live', -1)
local n = tonumber(ARGV[3])
inherit_lost(cid, add_chunks(ARGV, 4, n), n)
redis.call('HDEL', K_COPIES, 'n:' .. cid, 'p:' .. cid, 'd:' .. cid)
return OK
