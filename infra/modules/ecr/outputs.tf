output "repository_urls" {
  description = "Repository URL by name (the image.repository of the Helm values)."
  value       = { for k, r in aws_ecr_repository.this : k => r.repository_url }
}

output "repository_arns" {
  description = "Repository ARN by name (the Jenkins agent role may push to these only)."
  value       = { for k, r in aws_ecr_repository.this : k => r.arn }
}

output "posture" {
  description = "Tag mutability, scanning and encryption of every repository, as configured."
  value = {
    for k, r in aws_ecr_repository.this : k => {
      image_tag_mutability = r.image_tag_mutability
      scan_on_push         = r.image_scanning_configuration[0].scan_on_push
      encryption_type      = r.encryption_configuration[0].encryption_type
    }
  }
}
