-- ARGV: worker, liveness ms. Extends the worker's session in the job; returns 1, or 0 when the job is not running.
if job_gate() ~= OK then return 0 end
redis.call('ZADD', K_ALIVE, server_now() + tonumber(ARGV[2]), ARGV[1])
return 1
