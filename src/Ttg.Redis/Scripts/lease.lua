-- ARGV: worker, max, liveness ms (0: no session), start now (how many of the returned leases count as started;
-- -1: all; the rest are queued; only a first attempt starts at lease, later ones wait for mark_started).
-- Returns {status, then chunkId, start, count, attempt, token, payload, started (1/0), earlier holder lost (1/0) per lease};
-- status is 'running', or the job's state ('paused', 'completed', 'cancelled', 'missing') when nothing may be leased.
local state = redis.call('HGET', K_META, 'state')
if state ~= 'running' then return { state or 'missing' } end
local worker, max = ARGV[1], tonumber(ARGV[2])
local lease_ms = tonumber(redis.call('HGET', K_META, 'lease'))
local now = server_now()
local got = {}
local reclaimed = 0

-- 0. Sessions: the caller's is extended; a worker whose session lapsed is presumed dead and its leases are
-- freed now (they are taken in step 1), instead of each waiting out its lease.
local liveness = tonumber(ARGV[3] or 0)
if liveness > 0 then
    redis.call('ZADD', K_ALIVE, now + liveness, worker)
    redis.call('HSET', K_ROSTER, 's:' .. worker, now)
end
local dead = redis.call('ZRANGE', K_ALIVE, '-inf', '(' .. now, 'BYSCORE', 'LIMIT', 0, 16)
if #dead > 0 then
    local set = {}
    for _, w in ipairs(dead) do set[w] = true end
    free_leases_of(set)
    redis.call('ZREM', K_ALIVE, unpack(dead))
end

-- 1. Chunks handed back (release, dead worker) or retried, whose delay has passed.
local ready = redis.call('ZRANGE', K_DUE, '-inf', now, 'BYSCORE', 'LIMIT', 0, max)
if #ready > 0 then
    redis.call('ZREM', K_DUE, unpack(ready))
    local claimed = redis.call('XCLAIM', K_STREAM, GROUP, worker, 0, unpack(ready))
    for _, e in ipairs(claimed) do got[#got + 1] = e end
end

-- 2. Leases that expired: their holder stopped renewing. The cursor persists so a large pending list is
-- walked a slice per call instead of from the start every time, and a new pass over it starts at most every
-- min(lease/20, 250 ms): expiry is only ever that much late, and busy leasers do not rescan live leases.
local cursor = redis.call('HGET', K_META, 'cursor') or '0-0'
local scan_due = cursor ~= '0-0' or now >= tonumber(redis.call('HGET', K_META, 'nextscan') or 0)
if #got < max and scan_due then
    for _ = 1, 3 do
        local r = redis.call('XAUTOCLAIM', K_STREAM, GROUP, worker, lease_ms, cursor, 'COUNT', max - #got)
        cursor = r[1]
        for _, e in ipairs(r[2]) do
            local due = redis.call('ZSCORE', K_DUE, e[1])
            if due and tonumber(due) > now then
                -- A retry still waiting out its delay: not leasable yet, whoever owns it in the group.
            else
                if due then redis.call('ZREM', K_DUE, e[1]) end
                local cid = entry_fields(e[2])['c']
                local was_leased = redis.call('HEXISTS', K_LEASES, cid) == 1
                if was_leased then reclaimed = reclaimed + 1 end
                if unqueue(cid) == 1 then
                    -- Its holder never started it: the expired lease gives its attempt back.
                    redis.call('HINCRBY', K_ATTEMPTS, cid, -1)
                elseif was_leased then
                    -- Its holder stopped renewing while computing it: it keeps the attempt spent, and is computed alone from now on.
                    redis.call('HSET', K_COPIES, 'd:' .. cid, 1)
                end
                got[#got + 1] = e
            end
        end
        if #got >= max or cursor == '0-0' then break end
    end
    redis.call('HSET', K_META, 'cursor', cursor)
    if cursor == '0-0' then
        redis.call('HSET', K_META, 'nextscan', now + math.min(math.floor(lease_ms / 20), 250))
    end
end

-- 3. Chunks never delivered.
if #got < max then
    local r = redis.call('XREADGROUP', 'GROUP', GROUP, worker, 'COUNT', max - #got, 'STREAMS', K_STREAM, '>')
    if r then
        for _, e in ipairs(r[1][2]) do got[#got + 1] = e end
    end
end

local out = { 'running' }
if #got == 0 then return out end
local seq = redis.call('HINCRBY', K_META, 'seq', #got) - #got
local fields, cids = {}, {}
for i, e in ipairs(got) do
    fields[i] = entry_fields(e[2])
    cids[i] = fields[i]['c']
end
-- One read and one write of the attempts hash for the whole batch instead of an HINCRBY per chunk.
local used = redis.call('HMGET', K_ATTEMPTS, unpack(cids))
-- Chunks whose tail was handed back hold a shorter range than their entry says (see chunk_range).
local kept, lost_keys = {}, {}
for i, cid in ipairs(cids) do
    kept[i] = 'n:' .. cid
    lost_keys[i] = 'd:' .. cid
end
local shrunk = redis.call('HMGET', K_COPIES, unpack(kept))
local lost = redis.call('HMGET', K_COPIES, unpack(lost_keys))
local leases, attempts, queued, begun, stale = {}, {}, {}, {}, {}
local start_now = tonumber(ARGV[4] or -1)
for i, e in ipairs(got) do
    local f, cid = fields[i], cids[i]
    local token = e[1] .. ':' .. (seq + i)
    local attempt = (tonumber(used[i]) or 0) + 1
    leases[#leases + 1] = cid
    leases[#leases + 1] = token .. '|' .. worker
    attempts[#attempts + 1] = cid
    attempts[#attempts + 1] = attempt
    local starts = start_now < 0 or (i <= start_now and attempt == 1 and not lost[i])
    if not starts then
        queued[#queued + 1] = cid
        stale[#stale + 1] = 'b:' .. cid
    else
        begun[#begun + 1] = 'b:' .. cid
        begun[#begun + 1] = now
    end
    -- A new lease ends any copy made against the previous one.
    stale[#stale + 1] = 'c:' .. cid
    local count, payload = f['n'], f['p'] or ''
    if shrunk[i] then count, payload = chunk_range(cid, f) end
    out[#out + 1] = cid
    out[#out + 1] = f['s']
    out[#out + 1] = count
    out[#out + 1] = attempt
    out[#out + 1] = token
    out[#out + 1] = payload
    out[#out + 1] = starts and 1 or 0
    out[#out + 1] = lost[i] and 1 or 0
end
redis.call('HSET', K_LEASES, unpack(leases))
redis.call('HSET', K_ATTEMPTS, unpack(attempts))
if #queued > 0 then redis.call('SADD', K_QUEUED, unpack(queued)) end
redis.call('HDEL', K_COPIES, unpack(stale))
if #begun > 0 then redis.call('HSET', K_COPIES, unpack(begun)) end
if reclaimed > 0 then redis.call('HINCRBY', K_META, 'recl', reclaimed) end
return out
