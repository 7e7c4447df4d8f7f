"""Other engines for the same gate. ``spark``: the gate on Apache Spark (needs ``requirements/spark.txt``)."""
