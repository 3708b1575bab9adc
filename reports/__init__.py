"""Reports: periodic progress against targets, review by the secretariat, dashboards."""
