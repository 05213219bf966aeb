using SharedTyped.Reliability.Peer;

// The second (third, eighth) process of the reliability tests. Each command does one thing the tests
// cannot do inside their own process, prints what happened on stdout, and exits 0 unless it crashed.
return args.Length == 0 ? Usage() : args[0] switch
{
    "churn" => PublishCommands.Churn(args[1]),
    "naive-churn" => PublishCommands.NaiveChurn(args[1]),
    "create" => RaceCommands.Create(args[1], args[2]),
    "create-or-attach" => RaceCommands.CreateOrAttach(args[1], args[2], int.Parse(args[3]), int.Parse(args[4])),
    "create-slowly" => SlowCreateCommands.CreateSlowly(args[1], int.Parse(args[2])),
    "hold" => HoldCommands.Hold(args[1], args[2]),
    "fill-until-full" => SpaceCommands.FillUntilFull(args[1], long.Parse(args[2])),
    "no-proc" => ProcCommands.NoProc(args[1], args[2]),
    "slow-load" => SpaceCommands.SlowLoad(args[1], args[2], args[3]),
    "reattach" => RewriteCommands.Reattach(args[1]),
    "hold-many" => HoldManyCommands.HoldMany(args[1], int.Parse(args[2])),
    "force-create" => HoldManyCommands.ForceCreate(args[1], args[2]),
    "npy-read" => NpyCommands.ReadAndLoad(args[1], args[2]),
    "lpo-pipes" => DescriptorCommands.LastProcessOutPipes(args[1], int.Parse(args[2])),
    "delete-on-dispose" => ExitCommands.Run(args[1], args[2]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SharedTyped.Reliability.Peer <command> <arguments>; see Program.cs");
    return 2;
}
