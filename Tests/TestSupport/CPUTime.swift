#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// CPU seconds (user + system) the calling thread has used (`getrusage(RUSAGE_THREAD)`; the whole process where
/// there is no per-thread figure), for time bounds checked by tests: unlike wall time it does not grow when other
/// builds load the machine. Measure around synchronous work only (an `async` test may change threads).
public func threadCPUSeconds() -> Double {
  var usage = rusage()
  #if canImport(Glibc)
    getrusage(1, &usage)  // RUSAGE_THREAD (Linux; Glibc's module does not import the constant)
  #else
    getrusage(RUSAGE_SELF, &usage)
  #endif
  let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
  let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
  return user + system
}
