-- ARGV: name, computation, total, chunkCount, leaseMs, maxAttempts, specJson, createdMs
-- Returns 0 when the job exists, 1 when created running, 2 when created already complete (no parameters).
if redis.call('EXISTS', K_META) == 1 then return 0 end
-- Leftovers of an expired or half-deleted job must not leak into the new one: every key but the meta hash goes,
-- including any key added to JobKeys.All later.
for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
local empty = tonumber(ARGV[3]) == 0
redis.call('HSET', K_META,
    'name', ARGV[1], 'comp', ARGV[2], 'total', ARGV[3], 'nchunks', ARGV[4], 'lease', ARGV[5],
    'maxatt', ARGV[6], 'spec', ARGV[7], 'created', ARGV[8], 'state', empty and 'completed' or 'running',
    'succ', 0, 'fail', 0, 'done', 0, 'cdone', 0, 'recl', 0, 'seq', 0, 'next', 0, 'live', 0, 'cursor', '0-0')
if empty then redis.call('HSET', K_META, 'finished', ARGV[8]) end
redis.call('XGROUP', 'CREATE', K_STREAM, GROUP, '0', 'MKSTREAM')
return empty and 2 or 1
