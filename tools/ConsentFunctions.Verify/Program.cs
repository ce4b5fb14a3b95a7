// dotnet run --project tools/ConsentFunctions.Verify -- pack.json [--root-dir DIR] [--tsa-cert FILE]
return ConsentFunctions.Verify.PackVerifier.Run(args, Console.Out, Console.Error);
