# moto's server instead of AWS (scripts/ci/lib.sh applies this when AWS_ENDPOINT_URL is set).
sandbox = true
# No state replica against moto (state_replica_region unset): moto 5.2.5's GetBucketReplication drops the rule's
# DeleteMarkerReplication and SourceSelectionCriteria, so every re-plan would want to set them again.
