-- ARGV: n, then start, count, payload per chunk. Chunk ids continue the job's sequence.
return add_chunks(ARGV, 2, tonumber(ARGV[1]))
