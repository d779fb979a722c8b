import { ceType, parseCeType } from './cloud-event-type';
import { InvalidMessageError } from './invalid-message-error';
import { ALERTS_TOPIC, LIFECYCLE_TOPIC, deadLetterTopic } from './topics';

describe('topics', () => {
  it('names the topics and their dead-letter topics', () => {
    expect(LIFECYCLE_TOPIC).toBe('projects.lifecycle.v1');
    expect(ALERTS_TOPIC).toBe('supervision.alerts.v1');
    expect(deadLetterTopic(LIFECYCLE_TOPIC)).toBe('projects.lifecycle.v1.dlq');
  });
});

describe('ceType / parseCeType', () => {
  it('builds the CloudEvents type of project events and alerts', () => {
    expect(ceType('LeadRegistered', 2)).toBe('cn.gov.luodi.project.LeadRegistered.v2');
    expect(ceType('SupervisionItemRaised', 1)).toBe(
      'cn.gov.luodi.supervision.SupervisionItemRaised.v1',
    );
  });

  it('parses it back', () => {
    expect(parseCeType('cn.gov.luodi.project.LeadRegistered.v2')).toEqual({
      family: 'project',
      type: 'LeadRegistered',
      schemaVersion: 2,
    });
    // A type this code does not know yet still parses: a newer producer may send it.
    expect(parseCeType('cn.gov.luodi.supervision.SomethingNew.v12')).toEqual({
      family: 'supervision',
      type: 'SomethingNew',
      schemaVersion: 12,
    });
  });

  it('refuses what is not a luodi type', () => {
    expect(() => ceType('Unknown', 1)).toThrow(RangeError);
    expect(() => ceType('LeadRegistered', 0)).toThrow(RangeError);
    for (const bad of [
      'com.example.LeadRegistered.v1',
      'cn.gov.luodi.project.LeadRegistered',
      'cn.gov.luodi.project.LeadRegistered.v0',
      'cn.gov.luodi.report.Weekly.v1',
    ]) {
      expect(() => parseCeType(bad)).toThrow(InvalidMessageError);
    }
  });
});
