package dev.baton.load.bench;

/**
 * What one wrk run reported (with {@code --latency}).
 *
 * @param requests       requests completed
 * @param seconds        the run's length as wrk measured it
 * @param requestsPerSec wrk's Requests/sec
 * @param p50Ms          median latency
 * @param p99Ms          99th percentile latency
 * @param bytesPerSec    wrk's Transfer/sec in bytes
 * @param socketErrors   connect, read, write and timeout errors added up
 * @param non2xx         non-2xx/3xx responses
 */
public record WrkResult(long requests, double seconds, double requestsPerSec, double p50Ms, double p99Ms,
                        double bytesPerSec, long socketErrors, long non2xx) {}
