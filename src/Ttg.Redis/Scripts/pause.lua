-- ARGV: from state, to state. Switches the job between 'running' and 'paused'; returns 1 when it switched.
if redis.call('HGET', K_META, 'state') ~= ARGV[1] then return 0 end
redis.call('HSET', K_META, 'state', ARGV[2])
return 1
