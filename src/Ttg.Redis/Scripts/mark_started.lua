-- ARGV: k, then chunkId, expected lease ("token|worker") per lease. Queued leases the caller still holds count as
-- started from now on (losing them spends their attempt). Returns the number marked; lost leases are ignored.
if job_gate() ~= OK then return 0 end
local k = tonumber(ARGV[1])
local marked = 0
for i = 1, k do
    local o = 1 + (i - 1) * 2
    local cid, expected = ARGV[o + 1], ARGV[o + 2]
    if redis.call('HGET', K_LEASES, cid) == expected then
        if unqueue(cid) == 1 then
            marked = marked + 1
            redis.call('HSET', K_COPIES, 'b:' .. cid, server_now())
        end
    end
end
return marked
