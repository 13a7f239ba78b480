-- Shared by every TTG script. KEYS are always a job's keys in JobKeys.All order.
local K_META, K_STREAM, K_CHUNKS, K_ATTEMPTS, K_LEASES, K_DUE, K_RESULTS, K_INDEX, K_WORKERS, K_ALIVE, K_QUEUED, K_ROSTER, K_FAILED, K_PACE, K_COPIES =
    KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11], KEYS[12], KEYS[13], KEYS[14], KEYS[15]
local GROUP = 'workers'
local OK, LOST, NOT_RUNNING = 0, 1, 2

-- Server time in ms: lease expiry and retry delays follow the server clock, never a worker's.
local function server_now()
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- A stream entry's field list {k1, v1, k2, v2, ...} as a table.
local function entry_fields(list)
    local f = {}
    for i = 1, #list, 2 do f[list[i]] = list[i + 1] end
    return f
end

-- The stream entry id inside a lease token "entryId:sequence".
local function token_entry(token)
    return string.match(token, '^([^:]+):')
end

-- OK while running or paused (leased chunks still finish); LOST once completed (every chunk is done, so the
-- caller's chunk is too); else NOT_RUNNING.
local function job_gate()
    local state = redis.call('HGET', K_META, 'state')
    if state == 'running' or state == 'paused' then return OK end
    if state == 'completed' then return LOST end
    return NOT_RUNNING
end

-- Appends chunks to the stream with fresh ids and no attempts used. specs: flat {start, count, payload, ...}.
local function add_chunks(specs, first_arg, n)
    local last = redis.call('HINCRBY', K_META, 'next', n)
    local first = last - n
    local map = {}
    for i = 0, n - 1 do
        local o = first_arg + i * 3
        local start, count, payload = specs[o], specs[o + 1], specs[o + 2]
        local cid = tostring(first + i)
        local id
        if payload == '' then
            id = redis.call('XADD', K_STREAM, '*', 'c', cid, 's', start, 'n', count)
        else
            id = redis.call('XADD', K_STREAM, '*', 'c', cid, 's', start, 'n', count, 'p', payload)
        end
        map[#map + 1] = cid
        map[#map + 1] = id
    end
    if n > 0 then
        redis.call('HSET', K_CHUNKS, unpack(map))
        redis.call('HINCRBY', K_META, 'live', n)
    end
    return first
end

-- The range a chunk holds: its entry's fields f, unless a shrink handed its tail back (the copies hash then holds
-- the kept count at n: and its rows at p:). Returns the count and the payload ('' when none).
local function chunk_range(cid, f)
    local n = redis.call('HGET', K_COPIES, 'n:' .. cid)
    if n then return n, redis.call('HGET', K_COPIES, 'p:' .. cid) or '' end
    return f['n'], f['p'] or ''
end

-- A leased chunk stops being queued (it completed, was retried, split or handed back). Returns 1 when it was
-- queued, that is leased but never started.
local function unqueue(cid)
    return redis.call('SREM', K_QUEUED, cid)
end

-- The chunk's speculative copy ("token|worker") while its first holder still holds it; nil otherwise. A copy
-- outlives neither a hand-back nor a takeover: the holder's lease it was made against must still be there.
local function copy_of(cid)
    if redis.call('HEXISTS', K_LEASES, cid) == 0 then return nil end
    local copy = redis.call('HGET', K_COPIES, 'c:' .. cid)
    if copy then return copy end
    return nil
end

-- Marks the n chunks from `first` on as lost by an earlier holder (the d: flag in the copies hash) when chunk `from` is: split and
-- shrunk parts inherit it, since the parameter that killed a holder may be in any of them.
local function inherit_lost(from, first, n)
    if redis.call('HEXISTS', K_COPIES, 'd:' .. from) == 0 then return end
    for i = 0, n - 1 do redis.call('HSET', K_COPIES, 'd:' .. tostring(first + i), 1) end
end

-- Frees every lease held by one of the workers in the set {worker = true}: leasable at once, each counted as a
-- reclaim. Queued chunks give their attempt back. A started one keeps it spent only when the loss can be pinned on
-- it (its holder had started no other chunk, or it was lost before and so was computed alone); every started one
-- is marked lost (d:). Returns the freed chunk ids.
local function free_leases_of(workers)
    local all = redis.call('HGETALL', K_LEASES)
    local freed, started, per_worker = {}, {}, {}
    for i = 1, #all, 2 do
        local cid, value = all[i], all[i + 1]
        local bar = string.find(value, '|', 1, true)
        local worker = bar and string.sub(value, bar + 1)
        if worker and workers[worker] then
            redis.call('HDEL', K_LEASES, cid)
            if unqueue(cid) == 1 then
                redis.call('HINCRBY', K_ATTEMPTS, cid, -1)
            else
                started[#started + 1] = { cid, worker }
                per_worker[worker] = (per_worker[worker] or 0) + 1
            end
            redis.call('ZADD', K_DUE, 0, token_entry(value))
            freed[#freed + 1] = cid
        end
    end
    for _, s in ipairs(started) do
        local first_loss = redis.call('HSETNX', K_COPIES, 'd:' .. s[1], 1) == 1
        if first_loss and per_worker[s[2]] > 1 then redis.call('HINCRBY', K_ATTEMPTS, s[1], -1) end
    end
    if #freed > 0 then redis.call('HINCRBY', K_META, 'recl', #freed) end
    return freed
end
