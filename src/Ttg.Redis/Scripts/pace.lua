-- ARGV: maxSamples. Returns the server time in ms followed by the newest maxSamples pace entries, oldest first.
local out = {server_now()}
for _, e in ipairs(redis.call('LRANGE', K_PACE, -tonumber(ARGV[1]), -1)) do out[#out + 1] = e end
return out
