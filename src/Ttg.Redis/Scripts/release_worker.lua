-- ARGV: worker. Frees every lease the (dead) worker holds: leasable at once, attempts stay used,
-- each counted as a reclaim. Returns the freed chunk ids.
if job_gate() ~= OK then return {} end
local suffix = '|' .. ARGV[1]
local all = redis.call('HGETALL', K_LEASES)
local freed = {}
for i = 1, #all, 2 do
    local cid, value = all[i], all[i + 1]
    if string.sub(value, -#suffix) == suffix and not string.find(string.sub(value, 1, #value - #suffix), '|', 1, true) then
        redis.call('HDEL', K_LEASES, cid)
        redis.call('ZADD', K_DUE, 0, token_entry(value))
        freed[#freed + 1] = cid
    end
end
if #freed > 0 then redis.call('HINCRBY', K_META, 'recl', #freed) end
return freed
