-- No ARGV. Returns {now, then worker, host, last seen ms, alive (1/0), fault, fault at ms (0: none), chunks held
-- per worker heard from in the job}; '' stands for no host or fault.
local now = server_now()
local roster = entry_fields(redis.call('HGETALL', K_ROSTER))
local held = {}
local leases = redis.call('HGETALL', K_LEASES)
for i = 2, #leases, 2 do
    local bar = string.find(leases[i], '|', 1, true)
    if bar then
        local w = string.sub(leases[i], bar + 1)
        held[w] = (held[w] or 0) + 1
    end
end
local out = { now }
for field, seen in pairs(roster) do
    if string.sub(field, 1, 2) == 's:' then
        local w = string.sub(field, 3)
        local until_ms = redis.call('ZSCORE', K_ALIVE, w)
        out[#out + 1] = w
        out[#out + 1] = roster['h:' .. w] or ''
        out[#out + 1] = seen
        out[#out + 1] = (until_ms and tonumber(until_ms) >= now) and 1 or 0
        out[#out + 1] = roster['f:' .. w] or ''
        out[#out + 1] = roster['t:' .. w] or 0
        out[#out + 1] = held[w] or 0
    end
end
return out
