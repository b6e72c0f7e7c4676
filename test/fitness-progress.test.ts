import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { accessControl, completedStatesFromStepData, computeProgress } from '../src/flows/fitness/progress.js';
import { FITNESS_STATES, STATE_NUMBERS, TOTAL_STATES, agentForState, stateMeta, type StateNumber } from '../machines/fitness/states.js';
import { SPEC_STATES, STATES } from './helpers/fitness-client.js';

const stateNumber = fc.constantFrom(...STATE_NUMBERS);
const currentStep = fc.integer({ min: 0, max: 9 });
const completedStates = fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 20 });

const INFO_KEYS = ['agent', 'description', 'name', 'required_fields', 'state_number'];
const PROGRESS_KEYS = [
  'can_complete',
  'completed_states',
  'completion_percentage',
  'current_state',
  'current_state_info',
  'is_complete',
  'next_state_info',
  'total_states',
];

describe('fitness state table', () => {
  it('when the table is read, then it has states 1..9 in order with the behaviour reference names, agents and tools', () => {
    expect(FITNESS_STATES.map((s) => [s.number, s.name, s.agent, s.tool])).toEqual(
      STATES.map((n) => [n, SPEC_STATES[n].name, SPEC_STATES[n].agent, SPEC_STATES[n].tool]),
    );
    // Every state is required except the last (supplements), which the user may skip.
    expect(FITNESS_STATES.map((s) => s.required)).toEqual(STATES.map((n) => n !== 9));
    expect(TOTAL_STATES).toBe(FITNESS_STATES.length);
  });

  it('when a state is looked up, then stateMeta and agentForState return its row', () => {
    for (const n of STATE_NUMBERS) {
      expect(stateMeta(n).number).toBe(n);
      expect(stateMeta(n).tool).toBe(`save_${stateMeta(n).key}`);
      expect(agentForState(n)).toBe(stateMeta(n).agent);
    }
  });
});

describe('computeProgress', () => {
  it('when states 1 and 2 are saved and the user is on 3, then progress matches the behaviour reference example', () => {
    const progress = computeProgress({ currentStep: 3, completedStates: [2, 1], onboardingCompleted: false });
    expect(progress).toEqual({
      current_state: 3,
      total_states: 9,
      completed_states: [1, 2],
      current_state_info: {
        state_number: 3,
        name: 'Workout Preferences & Constraints',
        agent: 'workout_planning',
        description: stateMeta(3).description,
        required_fields: ['equipment', 'injuries', 'limitations'],
      },
      next_state_info: {
        state_number: 4,
        name: 'Diet Preferences & Restrictions',
        agent: 'diet_planning',
        description: stateMeta(4).description,
        required_fields: ['diet_type', 'allergies', 'intolerances', 'dislikes'],
      },
      is_complete: false,
      completion_percentage: 22,
      can_complete: false,
    });
  });

  it('when a legacy row has current_step 0, then progress reports state 1 with nothing completed', () => {
    const progress = computeProgress({ currentStep: 0, completedStates: [], onboardingCompleted: false });
    expect(progress.current_state).toBe(1);
    expect(progress.current_state_info.name).toBe('Fitness Level Assessment');
    expect(progress.next_state_info?.name).toBe('Primary Fitness Goals');
    expect(progress.completion_percentage).toBe(0);
  });

  it('when completed states include values that are not states, then they are dropped', () => {
    const progress = computeProgress({ currentStep: 2, completedStates: [0, 1, 10, 1.5, -3], onboardingCompleted: false });
    expect(progress.completed_states).toEqual([1]);
    expect(progress.completion_percentage).toBe(11);
  });

  it('when any current step and completed set are given, then progress carries every field with consistent values', () => {
    fc.assert(
      fc.property(currentStep, completedStates, fc.boolean(), (step, completed, done) => {
        const progress = computeProgress({ currentStep: step, completedStates: completed, onboardingCompleted: done });
        const unique = [...new Set(completed)].sort((a, b) => a - b);
        const current = step === 0 ? 1 : step;

        expect(Object.keys(progress).sort()).toEqual(PROGRESS_KEYS);
        expect(Object.keys(progress.current_state_info).sort()).toEqual(INFO_KEYS);
        expect(progress.current_state).toBe(current);
        expect(progress.total_states).toBe(9);
        expect(progress.completed_states).toEqual(unique);
        expect(progress.completion_percentage).toBe(Math.floor((unique.length / 9) * 100));
        expect(progress.can_complete).toBe(unique.length === 9);
        expect(progress.is_complete).toBe(done);
        expect(progress.current_state_info.state_number).toBe(current);
        expect(progress.current_state_info.name).toBe(stateMeta(progress.current_state).name);
        expect(progress.current_state_info.agent).toBe(stateMeta(progress.current_state).agent);
        expect(progress.current_state_info.required_fields).toEqual(stateMeta(progress.current_state).required_fields);
      }),
    );
  });

  it('when the current state is any state, then next_state_info is null exactly on state 9 and otherwise describes the next state', () => {
    fc.assert(
      fc.property(stateNumber, completedStates, (step, completed) => {
        const progress = computeProgress({ currentStep: step, completedStates: completed, onboardingCompleted: false });
        if (step === 9) {
          expect(progress.next_state_info).toBeNull();
        } else {
          expect(progress.next_state_info).not.toBeNull();
          expect(Object.keys(progress.next_state_info ?? {}).sort()).toEqual(INFO_KEYS);
          expect(progress.next_state_info?.state_number).toBe(step + 1);
          expect(progress.next_state_info?.name).toBe(stateMeta((step + 1) as StateNumber).name);
        }
      }),
    );
  });

  it('when n states are saved, then completion_percentage is floor(n / 9 * 100) (0, 11, 22, ..., 100)', () => {
    const expected = [0, 11, 22, 33, 44, 55, 66, 77, 88, 100];
    for (let n = 0; n <= 9; n += 1) {
      const completed = STATE_NUMBERS.slice(0, n);
      const progress = computeProgress({ currentStep: Math.max(1, n), completedStates: completed, onboardingCompleted: false });
      expect(progress.completion_percentage).toBe(expected[n]);
    }
  });

  it('when progress is returned, then mutating its arrays does not change the state table', () => {
    const progress = computeProgress({ currentStep: 1, completedStates: [], onboardingCompleted: false });
    progress.current_state_info.required_fields.push('hacked');
    expect(stateMeta(1).required_fields).toEqual(['fitness_level']);
  });
});

describe('completedStatesFromStepData', () => {
  it('when step_data holds step keys and other keys, then only saved states 1..9 are returned in order', () => {
    expect(
      completedStatesFromStepData({
        step_3: { equipment: [] },
        step_1: { fitness_level: 'beginner' },
        step_10: {},
        step_2: null,
        _migration: { original_current_step: 4 },
      }),
    ).toEqual([1, 3]);
  });
});

describe('accessControl', () => {
  it('when onboarding is not completed, then only chat is accessible and progress is summarised', () => {
    fc.assert(
      fc.property(currentStep, completedStates, (step, completed) => {
        const progress = computeProgress({ currentStep: step, completedStates: completed, onboardingCompleted: false });
        expect(accessControl({ onboardingCompleted: false, progress })).toEqual({
          can_access_dashboard: false,
          can_access_workouts: false,
          can_access_meals: false,
          can_access_chat: true,
          can_access_profile: false,
          locked_features: ['dashboard', 'workouts', 'meals', 'profile'],
          unlock_message: 'Complete onboarding to unlock all features',
          onboarding_progress: {
            current_state: progress.current_state,
            total_states: 9,
            completion_percentage: progress.completion_percentage,
          },
        });
      }),
    );
  });

  it('when onboarding is completed, then everything is accessible with nothing locked', () => {
    fc.assert(
      fc.property(currentStep, completedStates, (step, completed) => {
        const progress = computeProgress({ currentStep: step, completedStates: completed, onboardingCompleted: true });
        expect(accessControl({ onboardingCompleted: true, progress })).toEqual({
          can_access_dashboard: true,
          can_access_workouts: true,
          can_access_meals: true,
          can_access_chat: true,
          can_access_profile: true,
          locked_features: [],
          unlock_message: null,
          onboarding_progress: null,
        });
      }),
    );
  });

  it('when two users are locked, then their locked_features lists are independent copies', () => {
    const progress = computeProgress({ currentStep: 1, completedStates: [], onboardingCompleted: false });
    const first = accessControl({ onboardingCompleted: false, progress });
    first.locked_features.pop();
    expect(accessControl({ onboardingCompleted: false, progress }).locked_features).toHaveLength(4);
  });
});
