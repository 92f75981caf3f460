global using ExitCodes = Pipewise.Core.Assessment.ExitCodes;
