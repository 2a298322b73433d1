"""Quick capture: paste a 1688 shop or offer page, confirm what was read, store it.

Parsing lives in daifa.sources.capture; this folder is the web glue (views, forms,
one service, templates under catalog/capture/).
"""
