// GCC's -fsanitize-coverage=trace-cmp also traces floating-point comparisons,
// calling hooks clang's libFuzzer runtime does not define (it never emits
// them). They carry no guidance libFuzzer could use, so they do nothing.
// Compiled without instrumentation, linked into every fuzz target here.

extern "C" {
void __sanitizer_cov_trace_cmpf(float, float) {}
void __sanitizer_cov_trace_cmpd(double, double) {}
}
