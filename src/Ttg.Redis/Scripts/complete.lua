-- ARGV: nowMs, ttlMs (0 keeps the job), k, then per completion:
--   chunkId, expected lease ("token|worker"), worker, start, count, succeeded, failed, hasPayload, results.
-- Returns k outcomes (OK, LOST, NOT_RUNNING) followed by 1 when this call finished the job, else 0.
local k = tonumber(ARGV[3])
local out = {}
local gate = job_gate()
if gate ~= OK then
    for i = 1, k do out[i] = gate end
    out[k + 1] = 0
    return out
end

local B, BASE = 9, 3
local cids = {}
for i = 1, k do cids[i] = ARGV[BASE + (i - 1) * B + 1] end
local held = redis.call('HMGET', K_LEASES, unpack(cids))
-- A chunk whose tail was handed back is recorded with the range the store kept for it, whatever the caller says.
local kept_fields = {}
for i = 1, k do kept_fields[i] = 'n:' .. cids[i] end
local kept = redis.call('HMGET', K_COPIES, unpack(kept_fields))

local seen, ids, results, index, marks, accepted, per_worker, failures, spent = {}, {}, {}, {}, {}, {}, {}, {}, {}
local won, wasted = 0, 0
local succeeded, failed, chunks = 0, 0, 0
for i = 1, k do
    local o = BASE + (i - 1) * B
    local cid, expected, worker = ARGV[o + 1], ARGV[o + 2], ARGV[o + 3]
    local copy = held[i] and redis.call('HGET', K_COPIES, 'c:' .. cid)
    if seen[cid] or not held[i] or (held[i] ~= expected and copy ~= expected) then
        out[i] = LOST
    else
        if copy then
            -- The first completion of a copied chunk wins; the other copy will be answered LOST.
            if copy == expected then won = won + 1 else wasted = wasted + 1 end
        end
        spent[#spent + 1] = 'c:' .. cid
        spent[#spent + 1] = 'b:' .. cid
        spent[#spent + 1] = 'd:' .. cid
        if kept[i] then
            spent[#spent + 1] = 'n:' .. cid
            spent[#spent + 1] = 'p:' .. cid
        end
        seen[cid] = true
        out[i] = OK
        local eid = token_entry(expected)
        local count, s, f = kept[i] or ARGV[o + 5], tonumber(ARGV[o + 6]), tonumber(ARGV[o + 7])
        local member = cid .. ':' .. count
        ids[#ids + 1] = eid
        results[#results + 1] = cid
        results[#results + 1] = ARGV[o + 9]
        if ARGV[o + 8] == '1' then
            -- The payload is read from the entry itself, so workers never send input rows back.
            local payload
            if kept[i] then
                payload = redis.call('HGET', K_COPIES, 'p:' .. cid)
            else
                local e = redis.call('XRANGE', K_STREAM, eid, eid)
                payload = e[1] and entry_fields(e[1][2])['p']
            end
            if payload then
                results[#results + 1] = 'p:' .. cid
                results[#results + 1] = payload
                member = member .. ':p'
            end
        end
        index[#index + 1] = ARGV[o + 4]
        index[#index + 1] = member
        if f > 0 then
            -- Kept so `ttg retry` finds failed chunks without decoding results: failed|start|index member.
            failures[#failures + 1] = cid
            failures[#failures + 1] = f .. '|' .. ARGV[o + 4] .. '|' .. member
        end
        marks[#marks + 1] = cid
        marks[#marks + 1] = 'C'
        accepted[#accepted + 1] = cid
        succeeded, failed, chunks = succeeded + s, failed + f, chunks + 1
        per_worker[worker] = (per_worker[worker] or 0) + s + f
    end
end

out[k + 1] = 0
if chunks == 0 then return out end
redis.call('XACK', K_STREAM, GROUP, unpack(ids))
-- Acknowledged entries are dropped by trimming below the oldest entry still needed (the oldest pending one, or
-- the first never delivered) rather than by XDEL per id, which costs about as much as the rest of a completion.
-- An entry above a slow chunk stays until that chunk completes; no script reads an acknowledged entry.
local minid
local pending = redis.call('XPENDING', K_STREAM, GROUP)
if pending[2] then
    minid = pending[2]
else
    for _, g in ipairs(redis.call('XINFO', 'GROUPS', K_STREAM)) do
        local f = entry_fields(g)
        if f['name'] == GROUP then
            local ms, sq = string.match(f['last-delivered-id'], '^(%d+)-(%d+)$')
            minid = ms .. '-' .. (tonumber(sq) + 1)
        end
    end
end
if minid then redis.call('XTRIM', K_STREAM, 'MINID', minid) end
redis.call('HSET', K_RESULTS, unpack(results))
redis.call('ZADD', K_INDEX, unpack(index))
if #failures > 0 then redis.call('HSET', K_FAILED, unpack(failures)) end
redis.call('HSET', K_CHUNKS, unpack(marks))
redis.call('HDEL', K_LEASES, unpack(accepted))
redis.call('SREM', K_QUEUED, unpack(accepted))
redis.call('HDEL', K_COPIES, unpack(spent))
if won > 0 then redis.call('HINCRBY', K_META, 'cwon', won) end
if wasted > 0 then redis.call('HINCRBY', K_META, 'cwaste', wasted) end
redis.call('HINCRBY', K_META, 'succ', succeeded)
redis.call('HINCRBY', K_META, 'fail', failed)
redis.call('HINCRBY', K_META, 'cdone', chunks)
redis.call('HINCRBY', K_META, 'live', -chunks)
for worker, n in pairs(per_worker) do redis.call('HINCRBY', K_WORKERS, worker, n) end
-- The pace log (server time, so readers on skewed clocks agree): what status and watch derive rates from.
local at = server_now()
for worker, n in pairs(per_worker) do redis.call('RPUSH', K_PACE, at .. '|' .. worker .. '|' .. n) end
redis.call('LTRIM', K_PACE, -1024, -1)
local done = redis.call('HINCRBY', K_META, 'done', succeeded + failed)
if done >= tonumber(redis.call('HGET', K_META, 'total')) then
    redis.call('HSET', K_META, 'state', 'completed', 'finished', ARGV[1])
    local ttl = tonumber(ARGV[2])
    if ttl > 0 then
        for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ttl) end
    end
    out[k + 1] = 1
end
return out
