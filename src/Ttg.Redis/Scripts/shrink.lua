-- ARGV: chunkId, expected lease ("token|worker"), kept count, kept payload, remainder start, count, payload.
-- The stream entry keeps the chunk's full range, so the kept part is recorded next to it in the copies hash
-- (n: its count, p: its rows); every script that reads a chunk's range from its entry reads these first.
-- Returns OK (shrunk, or already shrunk to this size), LOST, NOT_RUNNING, 3 (declined: something is pending or the
-- chunk has a copy) or 4 (the parts do not cover the chunk's range).
local gate = job_gate()
if gate ~= OK then return gate end
local cid, expected, kept = ARGV[1], ARGV[2], tonumber(ARGV[3])
if redis.call('HGET', K_LEASES, cid) ~= expected then return LOST end
local eid = token_entry(expected)
local e = redis.call('XRANGE', K_STREAM, eid, eid)
if not e[1] then return LOST end
local count = tonumber(redis.call('HGET', K_COPIES, 'n:' .. cid) or entry_fields(e[1][2])['n'])
if count == kept then return OK end
if count ~= kept + tonumber(ARGV[6]) then return 4 end
if redis.call('HEXISTS', K_COPIES, 'c:' .. cid) == 1 then return 3 end
if tonumber(redis.call('HGET', K_META, 'live') or 0) > redis.call('HLEN', K_LEASES) then return 3 end
redis.call('HSET', K_COPIES, 'n:' .. cid, kept)
if ARGV[4] ~= '' then redis.call('HSET', K_COPIES, 'p:' .. cid, ARGV[4]) end
inherit_lost(cid, add_chunks(ARGV, 5, 1), 1)
return OK
