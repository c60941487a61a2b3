"""Benchmarks: each prints numbers, none is a timed test."""
