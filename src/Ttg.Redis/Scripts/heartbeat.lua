-- ARGV: worker, liveness ms. Extends the worker's session in the job; returns 1, or 0 when the job is not running.
if job_gate() ~= OK then return 0 end
local now = server_now()
redis.call('ZADD', K_ALIVE, now + tonumber(ARGV[2]), ARGV[1])
redis.call('HSET', K_ROSTER, 's:' .. ARGV[1], now)
return 1
