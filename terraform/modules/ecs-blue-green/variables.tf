variable "environment" {
  description = "credex-core environment (development, staging, production, model_001): every name derives from it."
  type        = string
}

variable "region" {
  description = "AWS region of the environment."
  type        = string
  default     = "af-south-1"
}

variable "load_balancer_arn" {
  description = "The environment's ALB, credex-alb-<environment> (module.connectors)."
  type        = string
}

variable "production_listener_arn" {
  description = "The ALB's HTTPS listener on 443 (module.connectors output alb_listener)."
  type        = string
}

variable "alb_security_group_id" {
  description = "The ALB's security group, credex-alb-sg-<environment> (module.connectors output alb_security_group_id)."
  type        = string
}

variable "test_cidrs" {
  description = "Ranges allowed to send test traffic to the test listener: the VPC CIDR and the NAT gateways' addresses (/32). At most 5."
  type        = list(string)
  validation {
    condition     = length(var.test_cidrs) > 0 && length(var.test_cidrs) <= 5 && !contains(var.test_cidrs, "0.0.0.0/0")
    error_message = "test_cidrs needs 1 to 5 ranges, and not 0.0.0.0/0: the test listener is not for the internet."
  }
}

variable "github_repository" {
  description = "owner/name of the repository whose workflows assume the deploy role."
  type        = string
  default     = "Great-Sun-Group/credex-core"
}

variable "create_oidc_provider" {
  description = "Create the GitHub OIDC provider (one per AWS account): true in the first environment of an account only."
  type        = bool
  default     = true
}

variable "production_rule_priority" {
  description = "Priority of the production rule on the 443 listener: last, so credex-core's docs rules (90, 100) stay ahead."
  type        = number
  default     = 50000
}

variable "test_port" {
  description = "Port of the test listener."
  type        = number
  default     = 8443
}
