-- ARGV: worker, running ms per parameter, minimum running ms, budget (the share of the job's parameters copies
-- may cover in all), at most ms per parameter (-1: no bound). Copies the longest-running started chunk held by
-- another worker that has run past max(minimum, per parameter x count) but not at most x count, has no copy yet
-- and fits the budget, but only while nothing is pending.
-- Returns {} when none qualifies, else {chunkId, start, count, attempt, token, payload}.
if redis.call('HGET', K_META, 'state') ~= 'running' then return {} end
local leased = redis.call('HLEN', K_LEASES)
if tonumber(redis.call('HGET', K_META, 'live') or 0) > leased then return {} end
local worker, per_ms, min_ms, budget, at_most_ms = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local room = budget * tonumber(redis.call('HGET', K_META, 'total')) - tonumber(redis.call('HGET', K_META, 'cparams') or 0)
local now = server_now()
local all = redis.call('HGETALL', K_LEASES)
local best, best_begun, best_fields, best_eid
for i = 1, #all, 2 do
    local cid, value = all[i], all[i + 1]
    local bar = string.find(value, '|', 1, true)
    local begun = tonumber(redis.call('HGET', K_COPIES, 'b:' .. cid) or 0)
    if bar and string.sub(value, bar + 1) ~= worker and begun > 0 and (best_begun == nil or begun < best_begun)
        and redis.call('SISMEMBER', K_QUEUED, cid) == 0 and redis.call('HEXISTS', K_COPIES, 'c:' .. cid) == 0 then
        local eid = token_entry(value)
        local e = redis.call('XRANGE', K_STREAM, eid, eid)
        if e[1] then
            local f = entry_fields(e[1][2])
            local count = tonumber((chunk_range(cid, f)))
            local ran = now - begun
            if count <= room and ran >= math.max(min_ms, per_ms * count) and (at_most_ms < 0 or ran < at_most_ms * count) then
                best, best_begun, best_fields, best_eid = cid, begun, f, eid
            end
        end
    end
end
if not best then return {} end
local token = best_eid .. ':' .. redis.call('HINCRBY', K_META, 'seq', 1)
redis.call('HSET', K_COPIES, 'c:' .. best, token .. '|' .. worker)
redis.call('HINCRBY', K_META, 'copies', 1)
local count, payload = chunk_range(best, best_fields)
redis.call('HINCRBY', K_META, 'cparams', tonumber(count))
local attempt = tonumber(redis.call('HGET', K_ATTEMPTS, best) or 1)
return { best, best_fields['s'], count, attempt, token, payload }
