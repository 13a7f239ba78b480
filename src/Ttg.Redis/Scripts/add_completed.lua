-- ARGV: nowMs, n, then start, count, succeeded, failed, payload, results per chunk: chunks whose results are known
-- at submission (copied from an earlier job). They are stored completed at once, never enter the stream, and count
-- as done. Chunk ids continue the job's sequence. Returns 1 when the job is complete after this call, else 0.
local n = tonumber(ARGV[2])
local last = redis.call('HINCRBY', K_META, 'next', n)
local first = last - n
local results, index, marks, failures = {}, {}, {}, {}
local succeeded, failed = 0, 0
for i = 0, n - 1 do
    local o = 3 + i * 6
    local start, count, s, f, payload = ARGV[o], ARGV[o + 1], tonumber(ARGV[o + 2]), tonumber(ARGV[o + 3]), ARGV[o + 4]
    local cid = tostring(first + i)
    local member = cid .. ':' .. count
    results[#results + 1] = cid
    results[#results + 1] = ARGV[o + 5]
    if payload ~= '' then
        results[#results + 1] = 'p:' .. cid
        results[#results + 1] = payload
        member = member .. ':p'
    end
    index[#index + 1] = start
    index[#index + 1] = member
    if f > 0 then
        failures[#failures + 1] = cid
        failures[#failures + 1] = f .. '|' .. start .. '|' .. member
    end
    marks[#marks + 1] = cid
    marks[#marks + 1] = 'C'
    succeeded, failed = succeeded + s, failed + f
end
if n > 0 then
    redis.call('HSET', K_RESULTS, unpack(results))
    redis.call('ZADD', K_INDEX, unpack(index))
    redis.call('HSET', K_CHUNKS, unpack(marks))
    if #failures > 0 then redis.call('HSET', K_FAILED, unpack(failures)) end
    redis.call('HINCRBY', K_META, 'succ', succeeded)
    redis.call('HINCRBY', K_META, 'fail', failed)
    redis.call('HINCRBY', K_META, 'cdone', n)
end
local done = redis.call('HINCRBY', K_META, 'done', succeeded + failed)
if done >= tonumber(redis.call('HGET', K_META, 'total')) then
    redis.call('HSET', K_META, 'state', 'completed', 'finished', ARGV[1])
    return 1
end
return 0
