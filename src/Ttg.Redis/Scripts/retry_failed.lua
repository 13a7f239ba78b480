-- No ARGV. Re-queues every chunk whose parameters were all recorded as failed: its results and index entry go,
-- it is appended again as a new chunk with fresh attempts (carrying its payload), and a completed job runs again.
-- Returns the number of parameters re-queued; 0 for a cancelled or missing job.
local state = redis.call('HGET', K_META, 'state')
if state ~= 'running' and state ~= 'paused' and state ~= 'completed' then return 0 end
local all = redis.call('HGETALL', K_FAILED)
local parameters, chunks = 0, 0
for i = 1, #all, 2 do
    local cid, value = all[i], all[i + 1]
    local f, start, member = string.match(value, '^(%d+)|(%d+)|(.+)$')
    local count = tonumber(string.match(member, '^[^:]+:(%d+)'))
    f = tonumber(f)
    if f == count then
        local payload = redis.call('HGET', K_RESULTS, 'p:' .. cid) or ''
        redis.call('ZREM', K_INDEX, member)
        redis.call('HDEL', K_RESULTS, cid, 'p:' .. cid)
        redis.call('HDEL', K_FAILED, cid)
        redis.call('HSET', K_CHUNKS, cid, 'S')
        add_chunks({ start, tostring(count), payload }, 1, 1)
        parameters, chunks = parameters + f, chunks + 1
    end
end
if chunks == 0 then return 0 end
redis.call('HINCRBY', K_META, 'fail', -parameters)
redis.call('HINCRBY', K_META, 'done', -parameters)
redis.call('HINCRBY', K_META, 'cdone', -chunks)
if state == 'completed' then
    redis.call('HSET', K_META, 'state', 'running')
    redis.call('HDEL', K_META, 'finished')
    -- A completed job may have been given a TTL; running again, it is kept until it completes anew.
    for _, key in ipairs(KEYS) do redis.call('PERSIST', key) end
end
return parameters
