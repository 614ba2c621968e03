"""Watching the platform: JSON logs that carry no personal data, and Prometheus metrics.

Logs name the request, the canton and the route, never a person or what was typed (logs.py);
metrics count by route name, never by path, because paths carry ids (http.py, collectors.py).
"""
