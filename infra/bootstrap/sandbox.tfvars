# moto's server instead of AWS (scripts/ci/lib.sh applies this when AWS_ENDPOINT_URL is set).
sandbox = true
