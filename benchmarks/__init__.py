"""samestory's benchmarks: build scale, learner latency, export throughput, footprint.

Run them with ``make bench`` or ``python -m benchmarks``; benchmarks/README.md has the
method and the latest figures.
"""
