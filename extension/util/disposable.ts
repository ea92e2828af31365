import type * as vscode from "vscode";

/**
 * Base for objects that own disposables: everything registered with `_register` is released once, together,
 * in reverse order of registration.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly _disposables: vscode.Disposable[] = [];
  private _isDisposed = false;

  /** True once `dispose()` ran. */
  protected get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Takes ownership of `value`; disposes it at once when this object is already disposed. */
  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this._isDisposed) value.dispose();
    else this._disposables.push(value);
    return value;
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    while (this._disposables.length > 0) {
      try {
        this._disposables.pop()?.dispose();
      } catch {
        // One failing disposer must not keep the others alive.
      }
    }
  }
}
