-- ARGV: k, then chunkId, expected lease ("token|worker") per lease. Graceful hand-back: the attempt is
-- given back and the chunk is leasable at once. Returns the number released; lost leases are ignored.
if job_gate() ~= OK then return 0 end
local k = tonumber(ARGV[1])
local released = 0
for i = 1, k do
    local o = 1 + (i - 1) * 2
    local cid, expected = ARGV[o + 1], ARGV[o + 2]
    if redis.call('HGET', K_LEASES, cid) == expected then
        redis.call('HDEL', K_LEASES, cid)
        unqueue(cid)
        redis.call('HINCRBY', K_ATTEMPTS, cid, -1)
        redis.call('ZADD', K_DUE, 0, token_entry(expected))
        released = released + 1
    elseif copy_of(cid) == expected then
        -- A copy handed back: its chunk stays with its first holder, and the copy's work is lost.
        redis.call('HDEL', K_COPIES, 'c:' .. cid)
        redis.call('HINCRBY', K_META, 'cwaste', 1)
    end
end
return released
