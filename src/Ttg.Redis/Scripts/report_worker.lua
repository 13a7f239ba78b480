-- ARGV: worker, has host (1/0), host, fault ('' clears it). Stores the worker's note in the job's roster;
-- a fault keeps the time it was first reported while it stays the same. Returns 0 when the job is not running.
if job_gate() ~= OK then return 0 end
local worker, fault = ARGV[1], ARGV[4]
local now = server_now()
redis.call('HSET', K_ROSTER, 's:' .. worker, now)
if ARGV[2] == '1' then redis.call('HSET', K_ROSTER, 'h:' .. worker, ARGV[3]) end
if fault == '' then
    redis.call('HDEL', K_ROSTER, 'f:' .. worker, 't:' .. worker)
elseif redis.call('HGET', K_ROSTER, 'f:' .. worker) ~= fault then
    redis.call('HSET', K_ROSTER, 'f:' .. worker, fault, 't:' .. worker, now)
end
return 1
