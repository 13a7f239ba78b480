-- ARGV: worker. Frees every lease the (dead) worker holds: leasable at once, attempts stay used,
-- each counted as a reclaim. Returns the freed chunk ids.
if job_gate() ~= OK then return {} end
redis.call('ZREM', K_ALIVE, ARGV[1])
return free_leases_of({ [ARGV[1]] = true })
