"""Screening files larger than memory, in partitions of whole product groups.

``daifa screen`` reads a file into memory, screens it and writes the result. A
catalogue of tens of millions of offers does not fit; this package runs the same
screening in three passes whose memory does not grow with the file:

1. :mod:`.stage` reads the input in batches (CSV through the same reader as the
   in-memory path, Parquet as it is) and writes each row to one of P partition
   folders on disk, chosen by its product group, so every group is whole in one
   partition (price vs peers and the peer ranking compare the offers of a group).
   What the reader says about the whole file (problems, repeated rows) is gathered
   on the way, so the seller sees the same report.
2. :mod:`.screen_parts` screens each partition as the in-memory path screens a file
   (landed costing, ``daifa.engine.screen``), on this process or on a Dask cluster
   (:mod:`.dask_engine`); each result keeps the rows' positions in the input.
3. :mod:`.output` writes the results back in input order, window by window, as CSV
   (the same bytes as the in-memory writer) or Parquet.

Every part of the screening that reads more than one row works within a product
group or within a supplier's own companion rows (which every partition is given
whole), so the output is the in-memory output; ``tests/batch`` checks it.
"""
