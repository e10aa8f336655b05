"""The personal data-location report: what was observed (`model.ReportInput`), made shareable
(`redact`), turned into a letter (`build.Report`) and written as JSON, CSV, HTML or PDF
(`formats`). Qt-free: the map arrives as SVG text drawn by the caller (app/ui/report_map.py)."""
