"""Quick capture: paste a 1688 shop or offer page, confirm what was read, store it.

Parsing lives in daifa.sources.capture; this folder is the web glue (views, forms,
selectors, one service, urls, templates under templates/capture/).
"""
