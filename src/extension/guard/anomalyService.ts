/**
 * The anomaly detector and the ONE pause switch of this window. The detector pauses every agent on an
 * emergency; the palette commands (agentGuard.pause/resume), the status bar and the Security panel all
 * read and flip the same PauseController, and every change is audited by it.
 */
import * as vscode from 'vscode';
import { AnomalyDetector, PauseController, type Anomaly, type AgentEvent, type AuditWriter, type PauseState } from '../../engine/anomaly';
import type { GuardAnomalies, GuardPause } from './guardServices';
import { inert } from '../../engine/display/inertLinks';

export interface AnomalyServices extends vscode.Disposable {
  detector: AnomalyDetector;
  controller: PauseController;
  anomalies: GuardAnomalies;
  pause: GuardPause;
  observe(event: AgentEvent): void;
}

export function createAnomalyServices(audit: AuditWriter, log: vscode.LogOutputChannel): AnomalyServices {
  const controller = new PauseController({ now: Date.now, audit });
  const detector = new AnomalyDetector({ now: Date.now, pause: controller, audit });
  const anomaliesChanged = new vscode.EventEmitter<readonly Anomaly[]>();
  const pauseChanged = new vscode.EventEmitter<PauseState>();
  const offAnomaly = detector.onAnomaly((anomaly) => {
    log.warn(`anomaly ${anomaly.id} [${anomaly.severity}] ${anomaly.rule}: ${anomaly.message}`);
    anomaliesChanged.fire(detector.list());
    // Only emergencies interrupt the developer (they pause every agent); the rest is in the panel and log.
    if (anomaly.severity === 'emergency') void notifyAnomaly(anomaly, controller);
  });
  const offPause = controller.onChange((state) => {
    log.info(state.paused ? `agents paused: ${state.reason}` : 'agents resumed');
    pauseChanged.fire(state);
  });
  return {
    detector,
    controller,
    observe: (event) => {
      try {
        detector.observe(event);
      } catch (error) {
        // The detector is advisory on top of policy; a bug in it must not break the decision path.
        log.error('anomaly detector failed on an event', error);
      }
    },
    anomalies: {
      list: (filter) => detector.list(filter),
      markReviewed: (id, by) => {
        const done = detector.markReviewed(id, by);
        if (done) anomaliesChanged.fire(detector.list());
        return done;
      },
      onDidChange: anomaliesChanged.event,
    },
    pause: {
      state: () => controller.current,
      pause: (reason) => controller.pause(reason, { by: 'developer' }),
      resume: (by = 'developer') => controller.resume(by),
      onDidChange: pauseChanged.event,
    },
    dispose: () => {
      offAnomaly();
      offPause();
      anomaliesChanged.dispose();
      pauseChanged.dispose();
    },
  };
}

async function notifyAnomaly(anomaly: Anomaly, controller: PauseController): Promise<void> {
  const choice = await vscode.window.showErrorMessage(inert(`Agent Guard: ${anomaly.message}. Every agent is paused until you resume.`), 'Show Panel', 'Resume Agents');
  if (choice === 'Show Panel') await vscode.commands.executeCommand('agentGuard.showPanel');
  else if (choice === 'Resume Agents' && controller.paused) await vscode.commands.executeCommand('agentGuard.resume');
}
