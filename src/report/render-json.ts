import type { CoverageReport } from './build-report';

/** The report as JSON (`wsdl2ts report --json`): the CoverageReport itself, 2-space indented, ending in a newline. */
export function renderJson(report: CoverageReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
