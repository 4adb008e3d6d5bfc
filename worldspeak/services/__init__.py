"""Application services: plain Python that orchestrates the domain and the ports.

Each service takes the ports it needs as arguments and returns frozen dataclasses. Nothing here
imports Reflex. State handlers read input, call one service (off the event loop), and copy the
result into vars.
"""
