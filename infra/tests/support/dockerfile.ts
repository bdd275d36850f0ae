import { Add, Copy, DockerfileParser } from 'dockerfile-ast';

export interface DockerfileSummary {
  /** `FROM … AS <stage>` names, in order */
  stages: string[];
  /** every `ARG`, with its default when it has one (null otherwise) */
  args: Map<string, string | null>;
  /** sources of every `COPY`/`ADD` taken from the build context (not `--from=<stage>`) */
  contextSources: string[];
  /** the last `USER` of the final stage, null when it has none (the image then runs as root) */
  finalUser: string | null;
  /** the last `CMD` of the final stage, as written */
  finalCmd: string | null;
}

export function summarizeDockerfile(content: string): DockerfileSummary {
  const dockerfile = DockerfileParser.parse(content);
  const stages = dockerfile
    .getFROMs()
    .map((from) => from.getBuildStage())
    .filter((stage): stage is string => stage !== null);
  const args = new Map<string, string | null>();
  for (const arg of dockerfile.getARGs()) {
    const property = arg.getProperty();
    if (property) args.set(property.getName(), property.getValue() ?? args.get(property.getName()) ?? null);
  }
  // flags (`--chmod`, `--from`) are not arguments; the last argument is the destination
  const contextSources = dockerfile
    .getInstructions()
    .filter((i): i is Copy | Add => i instanceof Copy || i instanceof Add)
    .filter((i) => !i.getFlags().some((flag) => flag.getName() === 'from'))
    .flatMap((i) =>
      i
        .getArguments()
        .slice(0, -1)
        .map((a) => a.getValue()),
    );
  const lastStage = dockerfile.getFROMs().at(-1);
  const inFinalStage = <T extends { getRange(): { start: { line: number } } }>(items: T[]): T[] =>
    items.filter((item) => !lastStage || item.getRange().start.line > lastStage.getRange().start.line);
  const users = inFinalStage(dockerfile.getInstructions().filter((i) => i.getKeyword() === 'USER'));
  const cmds = inFinalStage(dockerfile.getCMDs());
  return {
    stages,
    args,
    contextSources,
    finalUser: users.at(-1)?.getArgumentsContent() ?? null,
    finalCmd: cmds.at(-1)?.getArgumentsContent() ?? null,
  };
}
