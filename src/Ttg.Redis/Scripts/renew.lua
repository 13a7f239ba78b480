-- ARGV: k, then chunkId, expected lease ("token|worker"), worker per lease. Returns k flags: 1 still held.
-- XCLAIM ... JUSTID resets the entry's idle time, which is what keeps XAUTOCLAIM from reclaiming it.
local k = tonumber(ARGV[1])
local out = {}
local running = job_gate() == OK
for i = 1, k do
    local o = 1 + (i - 1) * 3
    local cid, expected, worker = ARGV[o + 1], ARGV[o + 2], ARGV[o + 3]
    out[i] = 0
    if running and (redis.call('HGET', K_LEASES, cid) == expected or copy_of(cid) == expected) then
        redis.call('XCLAIM', K_STREAM, GROUP, worker, 0, token_entry(expected), 'JUSTID')
        out[i] = 1
    end
end
return out
