public enum VirtioCoreModule {}
