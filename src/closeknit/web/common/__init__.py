"""What every closeknit app shares: base template, security headers, encrypted fields,
quick exit, the personal-data registry and the e-mail task."""
