import { strict as assert } from "node:assert";
import { computeRunRates, parseTrainingReport, TrainingReport } from "../../../agent-core/training/reportSchema";
import { recordedTrainingReport } from "../../webview/fixtures/trainingReport";

describe("training report schema", () => {
  it("accepts the recorded report and its rates match computeRunRates", () => {
    const report = parseTrainingReport(JSON.parse(JSON.stringify(recordedTrainingReport())), "report.json");
    assert.equal(report.runs.length, 4);
    const last = report.runs[3];
    assert.deepEqual(computeRunRates(last.projects), {
      passRateFirstTry: last.passRateFirstTry,
      passRateFinal: last.passRateFinal,
      wellFormedRate: last.wellFormedRate,
    });
    // One of the six projects is never solved by the stand-in model (it answers that one wrongly on purpose).
    assert.equal(last.passRateFinal, 5 / 6);
    assert.equal(last.passRateFirstTry, 5 / 6);
  });

  it("computes rates for an empty run without dividing by zero", () => {
    assert.deepEqual(computeRunRates([]), { passRateFirstTry: 0, passRateFinal: 0, wellFormedRate: 0 });
  });

  it("a solved project counts on its first try only when solvedOnTry is 1", () => {
    const [p] = recordedTrainingReport().runs[0].projects;
    const rates = computeRunRates([
      { ...p, solved: true, solvedOnTry: 2 },
      { ...p, solved: true, solvedOnTry: 1 },
    ]);
    assert.equal(rates.passRateFirstTry, 0.5);
    assert.equal(rates.passRateFinal, 1);
  });

  it("names every invalid field in the error", () => {
    const report = recordedTrainingReport() as unknown as { runs: Array<Record<string, unknown>> };
    report.runs[0].passRateFinal = 1.5;
    (report.runs[1].projects as Array<Record<string, unknown>>)[0].stopReason = "bored";
    assert.throws(
      () => parseTrainingReport(report, "out/report.json"),
      (err: Error) => {
        assert.match(err.message, /Invalid training report in out\/report\.json/);
        assert.match(err.message, /runs\.0\.passRateFinal/);
        assert.match(err.message, /runs\.1\.projects\.0\.stopReason/);
        return true;
      },
    );
    assert.equal(TrainingReport.safeParse({ generatedAt: "yesterday", runs: [] }).success, false);
  });
});
