import * as React from 'react';
import { Button, type ButtonProps, Dialog, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';

import { useTranslate } from '../hooks/useTranslate';
import { PanelButton } from './PanelButton';

interface ConfirmButtonProps {
  label: string;
  /** Checked before the dialog opens; return false to keep it closed (e.g. an invalid field). */
  canOpen?: () => boolean;
  title: string;
  body: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown> | void;
  variant?: ButtonProps['variant'];
  startIcon?: React.ReactNode;
  disabled?: boolean;
  loading?: boolean;
  /** The id of the text that says why the button is disabled (or what to know before pressing it). */
  describedBy?: string;
  /** The dialog's confirm button may not act yet (e.g. what it names is still being counted) or at all. */
  confirmDisabled?: boolean;
  confirmLoading?: boolean;
}

/** A button that asks first: the dialog names what will happen, the action runs on its confirm button. */
export function ConfirmButton({
  label,
  canOpen,
  title,
  body,
  confirmLabel,
  onConfirm,
  variant = 'default',
  startIcon,
  disabled,
  loading,
  describedBy,
  confirmDisabled,
  confirmLoading,
}: ConfirmButtonProps) {
  const t = useTranslate();
  const [open, setOpen] = React.useState(false);
  const [running, setRunning] = React.useState(false);
  // After a confirmed action the focus goes to its answer (ActionMessage), not back to this button.
  const confirmed = React.useRef(false);

  const confirm = async () => {
    if (confirmDisabled) return;
    confirmed.current = true;
    setRunning(true);
    try {
      await onConfirm();
    } finally {
      setRunning(false);
      setOpen(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(next) => setOpen(next && (!canOpen || canOpen()))}>
      <Dialog.Trigger>
        <PanelButton variant={variant} startIcon={startIcon} disabled={disabled} loading={loading} aria-describedby={describedBy}>
          {label}
        </PanelButton>
      </Dialog.Trigger>
      <Dialog.Content
        onCloseAutoFocus={(event: Event) => {
          if (confirmed.current) event.preventDefault();
          confirmed.current = false;
        }}
      >
        <Dialog.Header>{title}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Flex direction="column" gap={2} alignItems="stretch">
            {typeof body === 'string' ? <Typography textAlign="center">{body}</Typography> : body}
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary">
              {t('confirm.cancel')}
            </Button>
          </Dialog.Cancel>
          <Button
            fullWidth
            variant={variant === 'danger-light' ? 'danger' : variant}
            loading={running || confirmLoading}
            disabled={confirmDisabled}
            onClick={confirm}
          >
            {confirmLabel}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}
