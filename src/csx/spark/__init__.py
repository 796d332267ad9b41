"""Spark deployment: a local standalone cluster with a Thrift server, and write-audit-publish on Spark."""
