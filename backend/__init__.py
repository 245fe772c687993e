"""The claims backend: validates, screens, decides and routes product-harm claims."""
