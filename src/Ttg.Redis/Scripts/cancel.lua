-- ARGV: nowMs. Returns 1 when the job was running or paused and is now cancelled, else 0.
local state = redis.call('HGET', K_META, 'state')
if state ~= 'running' and state ~= 'paused' then return 0 end
redis.call('HSET', K_META, 'state', 'cancelled', 'finished', ARGV[1])
-- Nothing will be leased again: drop the backlog so autoscalers stop counting it.
redis.call('DEL', K_LEASES, K_DUE, K_QUEUED)
redis.call('XTRIM', K_STREAM, 'MAXLEN', 0)
redis.call('XGROUP', 'DESTROY', K_STREAM, GROUP)
return 1
