terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source = "hashicorp/aws"
      # deployment_configuration.strategy and load_balancer.advanced_configuration (ECS-native blue/green) arrived in
      # the 6.x provider; credex-core pins "~> 4.0" today and must move up to use them.
      version = ">= 6.4"
    }
  }
}
